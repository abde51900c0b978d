#pragma once

#include <stdexcept>
#include <string>

namespace fewshot {

// The one exception type that leaves the core. Library errors (c10::Error,
// cv::Exception, JSON and SQL errors) are caught inside the core and turned
// into an Error whose message names the file or tensor and what was expected,
// in words a user can act on.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// An Error raised because memory for a computation could not be allocated.
// Callers can retry with less work at once, such as a smaller batch.
class OutOfMemoryError : public Error {
public:
    using Error::Error;
};

}  // namespace fewshot
