//! AWS Lambda event models generated from JSON Schemas.
