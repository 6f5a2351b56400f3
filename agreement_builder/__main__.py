from .cli import agreement_main

agreement_main()
