"""Data shipped with the generator (real administrative divisions)."""
