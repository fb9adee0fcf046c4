// Reading and writing NumPy .npy files holding float32 arrays (little-endian '<f4'),
// for the `codec aggregate` command and researchers' own gradients.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <vector>

namespace compression {

struct NpyArray {
    std::vector<std::uint64_t> shape;  // empty for a 0-d scalar
    bool fortran_order = false;
    std::vector<float> data;  // product of shape elements, file order
};

// Thrown for a file that is unreadable, corrupt or not float32; what() names the file.
class NpyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

NpyArray read_npy(const std::filesystem::path& path);
// Writes version 1.0; shape defaults to 1-D.
void write_npy(const std::filesystem::path& path, std::span<const float> data, std::vector<std::uint64_t> shape = {},
               bool fortran_order = false);

}  // namespace compression
