"""The verifiable (Merkle, RFC 9162) log's pages and JSON: signed heads, inclusion and consistency proofs."""
