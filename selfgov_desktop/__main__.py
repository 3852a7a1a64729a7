from selfgov_desktop.cli import run

run()
