// manydeps is the "program with many dependencies" of the build benchmark:
// a service skeleton over popular libraries (HTTP router, gRPC, PostgreSQL,
// Redis, logging, CLI, metrics, YAML).
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
	"github.com/spf13/cobra"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"gopkg.in/yaml.v3"
)

func main() {
	log, _ := zap.NewProduction()
	root := &cobra.Command{Use: "manydeps", RunE: func(cmd *cobra.Command, args []string) error {
		var cfg map[string]any
		if err := yaml.Unmarshal([]byte("name: manydeps"), &cfg); err != nil {
			return err
		}
		reqs := prometheus.NewCounter(prometheus.CounterOpts{Name: "requests_total"})
		prometheus.MustRegister(reqs)
		r := gin.New()
		r.GET("/id", func(c *gin.Context) { reqs.Inc(); c.String(200, uuid.NewString()) })
		rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
		defer rdb.Close()
		pool, err := pgxpool.New(context.Background(), "postgres://127.0.0.1:5432/test")
		if err == nil {
			defer pool.Close()
		}
		conn, err := grpc.NewClient("127.0.0.1:50051", grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err == nil {
			defer conn.Close()
		}
		log.Info("configured", zap.Any("cfg", cfg))
		if len(args) > 0 && args[0] == "serve" {
			return r.Run("127.0.0.1:8081")
		}
		return nil
	}}
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
