"""Scale benchmark: synthetic corpus generator and the bench runner."""
