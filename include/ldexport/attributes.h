// SPDX-License-Identifier: MIT
/**
 * @file attributes.h
 * @brief Compiler attribute macros used by the public API.
 */
#ifndef LDEXPORT_ATTRIBUTES_H
#define LDEXPORT_ATTRIBUTES_H

#if defined(LDX_BUILDING) && defined(__GNUC__)
#  define LDX_API __attribute__((visibility("default")))
#else
#  define LDX_API
#endif

#ifdef __GNUC__
#  define LDX_NODISCARD __attribute__((warn_unused_result))
#  define LDX_LOG_FUNC(fmt, arg) __attribute__((format(printf, fmt, arg)))
#  define LDX_MALLOC_FUNC __attribute__((malloc))
#else
#  define LDX_NODISCARD
#  define LDX_LOG_FUNC(fmt, arg)
#  define LDX_MALLOC_FUNC
#endif

#endif // LDEXPORT_ATTRIBUTES_H
