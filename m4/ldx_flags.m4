# SPDX-License-Identifier: MIT
# LDX_TRY_CFLAG(FLAG, ACTION-IF-OK): run ACTION if the C compiler accepts
# FLAG without any warning.
AC_DEFUN([LDX_TRY_CFLAG], [
  AC_MSG_CHECKING([whether $CC accepts $1])
  ldx_save_CFLAGS=$CFLAGS
  CFLAGS="$CFLAGS -Werror $1"
  AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [return 0;])],
    [AC_MSG_RESULT([yes]); $2],
    [AC_MSG_RESULT([no])])
  CFLAGS=$ldx_save_CFLAGS
])
