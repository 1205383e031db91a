"""Training, saving and evaluating the embedded tiny LLaVA of models/tiny-llava-shapes."""
