"""selfgov-desktop: 居委会三会工作台。"""

__version__ = "0.1.0"
APP_NAME = "selfgov-desktop"
APP_TITLE = "居委会三会工作台"
