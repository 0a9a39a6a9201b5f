"""What each stage notebook shows: tables, charts and widgets built from a stage result."""
