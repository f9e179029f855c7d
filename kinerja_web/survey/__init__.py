"""The public satisfaction survey (IKM, PermenPANRB 14/2017): the public page (``views``) and the
staff's results (``results``)."""
