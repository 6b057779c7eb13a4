"""Reading and reporting: documents, metrics and charts built from what the store holds."""
