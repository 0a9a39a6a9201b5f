"""Turning executed notebooks into files people read: offline HTML, PDF (chromium) and XLSX."""
