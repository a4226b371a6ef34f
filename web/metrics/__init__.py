"""What operators watch: ``/metrics`` (Prometheus) and ``/readyz``."""
