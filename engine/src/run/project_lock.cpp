#include "run/project_lock.hpp"

#include "util/errors.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace sextant {

ProjectLock::ProjectLock(const std::filesystem::path& project_file) {
    const std::string path = project_file.string() + ".lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw InputError(path + ": cannot create lock file (" + std::strerror(errno) + ")");
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw InputError(project_file.string() + ": another Sextant process is running this project's sweep");
    }
}

ProjectLock::~ProjectLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace sextant
