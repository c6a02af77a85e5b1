"""Local AWS sandbox: moto behind a front that adds what a browser console needs."""
