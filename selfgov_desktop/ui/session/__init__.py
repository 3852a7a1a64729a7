"""The session page: one generic step engine for every kind (view.SessionView), its field
editors (fields), panels (panels) and models (models)."""
