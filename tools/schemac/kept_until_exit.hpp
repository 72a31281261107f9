// kept_until_exit<T>(): a T that is never destroyed, for a command's large results (the IR of a
// project) just before the process exits. Freeing hundreds of thousands of IR nodes one by one
// only to exit costs a noticeable share of a compile; the operating system takes the memory back
// at once. Only for commands, never for library code.
//
// Promises:
//  - Each call returns a freshly default-constructed T (the previous call's value is destroyed
//    then, so a process that runs several commands keeps at most one).
//  - The object stays reachable from a static pointer, so leak checkers do not report it.
#pragma once

namespace schemac::cli {

template <class T>
T& kept_until_exit() {
    static T* kept = nullptr;
    if (kept)
        *kept = T();
    else
        kept = new T();
    return *kept;
}

}  // namespace schemac::cli
