-- Advances sequence $name by $steps values.
SELECT count(nextval($name)) FROM range($steps)
