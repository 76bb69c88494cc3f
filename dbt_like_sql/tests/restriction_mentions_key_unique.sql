-- One row per statement and mineral: (mention_id, mineral_id) is unique in restriction_mentions.
select mention_id, mineral_id, count(*) as row_count
from restriction_mentions
group by mention_id, mineral_id
having count(*) > 1
