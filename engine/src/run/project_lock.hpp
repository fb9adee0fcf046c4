// One sweep at a time per project: the parent holds an exclusive lock on NAME.sextant.lock.
// Whoever gets the lock knows that runs marked "running" belong to a parent that died.
#pragma once

#include <filesystem>

namespace sextant {

class ProjectLock {
public:
    // Throws InputError when another process holds the lock.
    explicit ProjectLock(const std::filesystem::path& project_file);
    ~ProjectLock();
    ProjectLock(const ProjectLock&) = delete;
    ProjectLock& operator=(const ProjectLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace sextant
