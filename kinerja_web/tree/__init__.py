"""The performance tree (pohon kinerja) of an agency's year."""
