"""HTML pages of the orders: the resident's phone pages (`resident`) and the workbench (`staff`)."""
