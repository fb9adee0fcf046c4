# sextant_add_plugin(NAME id SOURCES ... [LIBS ...] [NO_INSTALL])
# Builds a loadable plugin module named sextant-plugin-<id>.so into the plugin folder that
# sextant-cli searches, and installs it beside the installed binaries.
function(sextant_add_plugin)
  cmake_parse_arguments(P "NO_INSTALL" "NAME;OUTPUT_DIR" "SOURCES;LIBS" ${ARGN})
  set(target sextant-plugin-${P_NAME})
  add_library(${target} MODULE ${P_SOURCES})
  target_link_libraries(${target} PRIVATE sextant::sdk ${P_LIBS})
  set(out ${SEXTANT_PLUGIN_OUTPUT_DIR})
  if(P_OUTPUT_DIR)
    set(out ${P_OUTPUT_DIR})
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX "" OUTPUT_NAME ${target}
    LIBRARY_OUTPUT_DIRECTORY ${out}
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  if(NOT P_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION ${SEXTANT_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
