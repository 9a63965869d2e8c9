// libedit's readline header uses FILE, so stdio must come first.
#include <stdio.h>
#include <histedit.h>
#include <editline/readline.h>
