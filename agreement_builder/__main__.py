from .console import agreement_main

agreement_main()
