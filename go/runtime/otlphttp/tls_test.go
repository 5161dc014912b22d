package otlphttp

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func writePEM(t *testing.T, name, typ string, der []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// clientCert makes a self-signed client certificate and returns the PEM
// file paths and the parsed certificate.
func clientCert(t *testing.T) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "gotel-test-client"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ = x509.ParseCertificate(der)
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return writePEM(t, "client.crt", "CERTIFICATE", der), writePEM(t, "client.key", "PRIVATE KEY", kder), cert
}

func TestTLSFromEnv(t *testing.T) {
	certFile, keyFile, cc := clientCert(t)
	var gotClient string
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.TLS.PeerCertificates) > 0 {
			gotClient = r.TLS.PeerCertificates[0].Subject.CommonName
		}
	}))
	pool := x509.NewCertPool()
	pool.AddCert(cc)
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are expected
	srv.StartTLS()
	defer srv.Close()
	caFile := writePEM(t, "ca.crt", "CERTIFICATE", srv.Certificate().Raw)
	spans := makeSpans(t)[:1]

	// Without the server's CA the handshake fails, and is not retried.
	e, waits := testExporter(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": srv.URL})
	if err := e.ExportSpans(context.Background(), spans); err == nil || len(*waits) != 0 {
		t.Fatalf("untrusted server: err=%v waits=%v", err, *waits)
	}
	// With the CA but no client certificate the server refuses.
	e, _ = testExporter(t, map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT":           srv.URL,
		"OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE": caFile,
	})
	if err := e.ExportSpans(context.Background(), spans); err == nil {
		t.Fatal("server accepted a client without certificate")
	}
	// CA + client certificate and key: mutual TLS works.
	e, _ = testExporter(t, map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT":           srv.URL,
		"OTEL_EXPORTER_OTLP_CERTIFICATE":        caFile,
		"OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": certFile,
		"OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY":  keyFile,
	})
	if err := e.ExportSpans(context.Background(), spans); err != nil {
		t.Fatal(err)
	}
	if gotClient != "gotel-test-client" {
		t.Errorf("server saw client %q", gotClient)
	}

	// Unreadable files are reported and ignored.
	c := loadConfig(sigTraces, envOf(map[string]string{
		"OTEL_EXPORTER_OTLP_CERTIFICATE":        filepath.Join(t.TempDir(), "missing.pem"),
		"OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": certFile,
	}))
	if len(c.warnings) != 2 || c.tls == nil || c.tls.RootCAs != nil || len(c.tls.Certificates) != 0 {
		t.Errorf("bad files: %+v", c)
	}
}
