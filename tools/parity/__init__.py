"""Builders for the tiny LLaVA parity fixtures (Hugging Face transformers is the reference)."""
