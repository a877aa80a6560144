#!/usr/bin/env bash
# Write constraints.txt: the exact version of every package in .venv (Pilot Atlas itself left out),
# after a dependency was added or upgraded and the whole test suite passed with it.
# Usage: scripts/make_constraints.sh
set -euo pipefail
cd "$(dirname "$0")/.."
{
  echo "# Exact versions of every package Pilot Atlas and its tests install, as tested together"
  echo "# (scripts/setup.sh installs with '-c constraints.txt'; pyproject.toml keeps the ranges a library user mixes with)."
  echo "# Made by scripts/make_constraints.sh from the venv the test suite passed in."
  .venv/bin/python -m pip freeze --exclude-editable
} > constraints.txt.tmp
mv constraints.txt.tmp constraints.txt
