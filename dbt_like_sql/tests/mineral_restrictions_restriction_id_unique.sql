-- Each restriction step appears once: restriction_id is unique in mineral_restrictions.
select restriction_id, count(*) as row_count
from mineral_restrictions
group by restriction_id
having count(*) > 1
