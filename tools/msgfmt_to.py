#!/usr/bin/env python3
"""Compile a .po with msgfmt --check to OUTPUT and copy it to the locale
tree path given last, where the uninstalled binary looks for it.

usage: msgfmt_to.py MSGFMT INPUT.po OUTPUT.mo LOCALE_TREE_PATH
"""
import os, shutil, subprocess, sys

msgfmt, src, out, tree = sys.argv[1:5]
subprocess.run([msgfmt, '--check', '-o', out, src], check=True)
os.makedirs(os.path.dirname(tree), exist_ok=True)
shutil.copyfile(out, tree)
