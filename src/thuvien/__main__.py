from thuvien.cli import main

raise SystemExit(main())
