# SPDX-License-Identifier: Apache-2.0
"""GlueLogger: info/warn/error as on Glue; locally the lines go to stderr through Python's logging
(logger name "GlueLogger"), so a notebook shows them."""

import logging
import sys



class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (a session worker swaps it per statement)."""

    def emit(self, record):
        self.stream = sys.stderr
        super(_CurrentStderr, self).emit(record)


_logger = logging.getLogger("GlueLogger")
if not _logger.handlers:
    _handler = _CurrentStderr(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s GlueLogger: %(message)s"))
    _logger.addHandler(_handler)
    _logger.setLevel(logging.INFO)
    _logger.propagate = False


class GlueLogger(object):
    def info(self, msg):
        _logger.info(str(msg))

    def warn(self, msg):
        _logger.warning(str(msg))

    warning = warn

    def error(self, msg):
        _logger.error(str(msg))

    def debug(self, msg):
        _logger.debug(str(msg))

    def fatal(self, msg):
        _logger.critical(str(msg))
