// webfw serves one loopback server whose top ServeMux hands each prefix to
// a web framework (gin, echo v4 and v5, chi, gorilla/mux, httprouter) or to
// a nested ServeMux behind http.StripPrefix, requests every route from
// itself and prints each answer, then exits. Every framework has a
// parameterized route, a panicking route its recovery answers with 500,
// and a route whose handler calls /backend with the request's context.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/gorilla/mux"
	"github.com/julienschmidt/httprouter"
	echo4 "github.com/labstack/echo/v4"
	echo4mw "github.com/labstack/echo/v4/middleware"
	echo5 "github.com/labstack/echo/v5"
	echo5mw "github.com/labstack/echo/v5/middleware"
)

var self string

// call requests /backend with ctx: the client span is the handler's child.
func call(ctx context.Context) (string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", self+"/backend", nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

var errBoom = errors.New("boom")

func ginEngine() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	gin.DefaultErrorWriter = io.Discard // the recovery's log carries addresses and times
	e := gin.New()
	e.Use(gin.Recovery())
	e.GET("/users/:id", func(c *gin.Context) { c.String(200, "gin user "+c.Param("id")) })
	e.GET("/panic", func(c *gin.Context) { panic(errBoom) })
	e.GET("/call", func(c *gin.Context) {
		b, err := call(c.Request.Context())
		if err != nil {
			c.String(502, err.Error())
			return
		}
		c.String(200, "gin "+b)
	})
	return e
}

func echo4Server() http.Handler {
	e := echo4.New()
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(io.Discard)
	e.Use(echo4mw.Recover())
	e.GET("/users/:id", func(c echo4.Context) error { return c.String(200, "echo user "+c.Param("id")) })
	e.GET("/panic", func(c echo4.Context) error { panic(errBoom) })
	e.GET("/call", func(c echo4.Context) error {
		b, err := call(c.Request().Context())
		if err != nil {
			return c.String(502, err.Error())
		}
		return c.String(200, "echo "+b)
	})
	return e
}

func echo5Server() http.Handler {
	e := echo5.New()
	e.Logger = nil
	e.Use(echo5mw.RecoverWithConfig(echo5mw.RecoverConfig{DisablePrintStack: true}))
	e.GET("/users/:id", func(c *echo5.Context) error { return c.String(200, "echo5 user "+c.Param("id")) })
	e.GET("/panic", func(c *echo5.Context) error { panic(errBoom) })
	e.GET("/call", func(c *echo5.Context) error {
		b, err := call(c.Request().Context())
		if err != nil {
			return c.String(502, err.Error())
		}
		return c.String(200, "echo5 "+b)
	})
	return e
}

func chiRouter() http.Handler {
	r := chi.NewRouter()
	r.Use(chimw.Recoverer)
	r.Route("/chi", func(r chi.Router) {
		r.Get("/users/{id}", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "chi user "+chi.URLParam(r, "id")) })
		r.Get("/panic", func(http.ResponseWriter, *http.Request) { panic(errBoom) })
		r.Get("/call", func(w http.ResponseWriter, r *http.Request) {
			b, err := call(r.Context())
			if err != nil {
				http.Error(w, err.Error(), 502)
				return
			}
			io.WriteString(w, "chi "+b)
		})
		// A Recoverer of a route group only: it recovers below the routing.
		r.Group(func(r chi.Router) {
			r.Use(chimw.Recoverer)
			r.Get("/group/panic", func(http.ResponseWriter, *http.Request) { panic(errBoom) })
		})
	})
	return r
}

func gorillaRouter() http.Handler {
	r := mux.NewRouter()
	s := r.PathPrefix("/gorilla").Subrouter()
	s.HandleFunc("/users/{id}", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "gorilla user "+mux.Vars(r)["id"]) })
	s.HandleFunc("/call", func(w http.ResponseWriter, r *http.Request) {
		b, err := call(r.Context())
		if err != nil {
			http.Error(w, err.Error(), 502)
			return
		}
		io.WriteString(w, "gorilla "+b)
	})
	return r
}

func httpRouter() http.Handler {
	r := httprouter.New()
	r.GET("/users/:id", func(w http.ResponseWriter, _ *http.Request, ps httprouter.Params) {
		io.WriteString(w, "hr user "+ps.ByName("id"))
	})
	r.GET("/panic", func(http.ResponseWriter, *http.Request, httprouter.Params) { panic(errBoom) })
	r.GET("/call", func(w http.ResponseWriter, r *http.Request, _ httprouter.Params) {
		b, err := call(r.Context())
		if err != nil {
			http.Error(w, err.Error(), 502)
			return
		}
		io.WriteString(w, "hr "+b)
	})
	r.PanicHandler = func(w http.ResponseWriter, _ *http.Request, v any) { http.Error(w, fmt.Sprint("recovered: ", v), 500) }
	return r
}

func main() {
	inner := http.NewServeMux()
	inner.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "mux user "+r.PathValue("id")) })
	deeper := http.NewServeMux()
	deeper.HandleFunc("GET /items/{item}", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "item "+r.PathValue("item")) })
	inner.Handle("/v3/", http.StripPrefix("/v3", deeper))

	root := http.NewServeMux()
	root.Handle("/gin/", http.StripPrefix("/gin", ginEngine()))
	root.Handle("/echo/", http.StripPrefix("/echo", echo4Server()))
	root.Handle("/echo5/", http.StripPrefix("/echo5", echo5Server()))
	root.Handle("/chi/", chiRouter())
	root.Handle("/gorilla/", gorillaRouter())
	root.Handle("/hr/", http.StripPrefix("/hr", httpRouter()))
	root.Handle("/api/v2/", http.StripPrefix("/api/v2", inner))
	root.HandleFunc("GET /backend", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "backend") })

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	self = "http://" + ln.Addr().String()
	srv := &http.Server{Handler: root, ErrorLog: nil}
	go srv.Serve(ln)

	client := &http.Client{Timeout: 20 * time.Second}
	paths := []string{"/api/v2/users/7", "/api/v2/v3/items/9", "/api/v2/nothing"}
	for _, fw := range []string{"gin", "echo", "echo5", "chi", "gorilla", "hr"} {
		paths = append(paths, "/"+fw+"/users/42", "/"+fw+"/call")
		if fw != "gorilla" {
			paths = append(paths, "/"+fw+"/panic")
		}
	}
	paths = append(paths, "/chi/group/panic")
	for _, p := range paths {
		resp, err := client.Get(self + p + "?fw=1")
		if err != nil {
			fmt.Println("==", p, "error", err)
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("== %s %d %q\n", p, resp.StatusCode, b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
}
