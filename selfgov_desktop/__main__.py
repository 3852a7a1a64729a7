import sys

from selfgov_desktop.cli import main

sys.exit(main())
