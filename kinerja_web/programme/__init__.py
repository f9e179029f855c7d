"""Programmes across agencies (program lintas instansi): the list, the page with its dashboard, management."""
