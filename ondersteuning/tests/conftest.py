import pytest


@pytest.fixture
def met_commit(django_capture_on_commit_callbacks):
    """Run the journey-event reactions (meldingen, task) as after a real commit."""
    def doe(functie, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return functie(**kwargs)
    return doe
