"""HTTP routers: parse the request, call the service, shape the response. Nothing else."""
