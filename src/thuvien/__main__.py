from thuvien.cli import main

# Guarded: import workers start fresh interpreters that import the main module again.
if __name__ == "__main__":
    raise SystemExit(main())
