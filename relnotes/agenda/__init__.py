"""The agenda: its sections built from the due items (pure), the file it is written to, and watch mode."""
