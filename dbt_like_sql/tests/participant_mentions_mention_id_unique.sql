-- mention_id is unique in participant_mentions.
select mention_id, count(*) as row_count
from participant_mentions
group by mention_id
having count(*) > 1
