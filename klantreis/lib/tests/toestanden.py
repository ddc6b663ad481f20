"""For the factories of models with a state machine (``klantreis.lib.toestanden``): a row built straight in a
status gets the log rows the services would have written on the way there, so history and status agree."""


def pad_vastleggen(obj, pad, *, door):
    """Log rows for ``obj`` from nothing along ``pad`` (the statuses the services pass, ending in the current
    one). Each step must be a transition the machine allows: a path that no service could take fails here."""
    machine = obj.OVERGANGEN
    if not pad or pad[-1] != getattr(obj, machine.veld):
        raise ValueError(f"{type(obj).__name__}: het pad {pad} eindigt niet in de status van het object")
    van = ""
    for naar in pad:
        if van and not machine.mag(van, naar):
            raise ValueError(f"{type(obj).__name__}: geen overgang van {van} naar {naar}")
        getattr(obj, machine.log).create(van=van, naar=naar, door=door)
        van = naar
