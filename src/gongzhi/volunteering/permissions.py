"""Who may do what in volunteering: one named helper per rule."""
