# Turns profiles/models.json into a C++ source, so the plugin carries its profiles with it
# (no search for a data file in build or install trees). Run at build time by CMake -P.
file(READ ${INPUT} content)
file(WRITE ${OUTPUT} "// Generated from ${INPUT}; edit that file, not this one.\n"
  "namespace sextant::scheduling {\n"
  "extern const char* const kBuiltinModelsJson;\n"
  "const char* const kBuiltinModelsJson = R\"sextant_profiles(${content})sextant_profiles\";\n"
  "}\n")
