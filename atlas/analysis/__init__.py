"""Analysis: latest figures and targets per place, experience themes, regional summaries."""
