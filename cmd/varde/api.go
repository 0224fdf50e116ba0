package main

import (
	"net/http"

	"github.com/varde-portal/varde/internal/build"
)

// serveAPI registers the dev server's JSON endpoints.
func serveAPI(mux *http.ServeMux, current func() *build.Loaded) {}
