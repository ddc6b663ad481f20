from celery import shared_task

from matching.index.opslag import bouw_versie


@shared_task(ignore_result=True)
def matchingindex_bouwen_task():
    """A new version of the kandidaat index on this machine (beat, and a web process whose overlay grew large).
    Overlapping runs do not queue up behind each other: a run that finds a build going skips."""
    return bouw_versie(wacht=False)
