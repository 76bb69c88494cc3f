-- One row per measure (restriction_id) in restriction_timeline.
select restriction_id, count(*) as row_count
from restriction_timeline
group by restriction_id
having count(*) > 1
