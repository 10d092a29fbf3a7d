from django.conf import settings


def site(request) -> dict:
    """Values every page needs: the emergency number for the call buttons."""
    return {"emergency_number": settings.EMERGENCY_NUMBER}
