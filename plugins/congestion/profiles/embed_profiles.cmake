# Turns the iteration profiles (profiles/*.csv) into a C++ source, so the plugin carries them
# (no search for data files in build or install trees). Run at build time by CMake -P with
# INPUT_DIR (every *.csv in it) and OUTPUT.
file(GLOB inputs ${INPUT_DIR}/*.csv)
list(SORT inputs)
set(body "")
foreach(input ${inputs})
  file(READ ${input} content)
  get_filename_component(name ${input} NAME_WE)
  string(APPEND body "    {\"${name}\", R\"sextant_profile(${content})sextant_profile\"},\n")
endforeach()
file(WRITE ${OUTPUT} "// Generated from plugins/congestion/profiles/*.csv; edit those, not this.\n"
  "#include <utility>\n#include <vector>\n"
  "namespace sextant::congestion {\n"
  "extern const std::vector<std::pair<const char*, const char*>> kBuiltinProfiles;\n"
  "const std::vector<std::pair<const char*, const char*>> kBuiltinProfiles = {\n${body}};\n"
  "}\n")
