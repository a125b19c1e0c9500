# Writes OUTPUT, a C file defining FUNCTION() that returns the bytes of INPUT
# (and their length): files shipped inside the library.
file(READ "${INPUT}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
string(LENGTH "${content}" hex_length)
math(EXPR length "${hex_length} / 2")
file(WRITE "${OUTPUT}"
  "/* Generated from ${INPUT}: do not edit. */\n"
  "#include <stddef.h>\n"
  "const char *${FUNCTION}(size_t *len);\n"
  "static const char data[] = {${bytes} 0};\n"
  "const char *${FUNCTION}(size_t *len)\n{\n"
  "\tif (len)\n\t\t*len = ${length};\n\treturn data;\n}\n")
