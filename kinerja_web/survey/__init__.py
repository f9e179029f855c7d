"""The public satisfaction survey (IKM, PermenPANRB 14/2017): the public page (``views``), who gets in
to it (``admission``) and the staff's results (``results``)."""
