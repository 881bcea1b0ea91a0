from salw.cli.main import main

main()
